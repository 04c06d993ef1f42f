#!/usr/bin/env python3
"""Placeholder: written for issue 13."""
raise SystemExit("not written yet")
