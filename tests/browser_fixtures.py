"""Headless Chromium fixtures (owned by the views step; filled in there)."""
