"""A test-only app with its own encrypted model, so the privacy tests do not depend on any
domain app's models. Installed by ``koers.settings.test`` only."""
