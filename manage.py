#!/usr/bin/env python
"""Django's manage.py; the same as the ``marsad`` command."""

from marsad.cli import main

if __name__ == "__main__":
    main()
