"""Nothing of the newsletter is in the Django admin: subscribers' addresses are read only
through the staff pages, which log every read (views.py, selectors.py)."""
