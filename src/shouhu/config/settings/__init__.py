"""Settings: `base` (embedded default and demo), `production`, `test`."""
