from marsad.newsletter.tests.smtp import smtp_server  # noqa: F401  (the fixture)
