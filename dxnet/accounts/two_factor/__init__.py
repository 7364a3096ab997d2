"""Two-step sign-in: a TOTP device (django-otp) and single-use recovery codes, stored hashed."""
