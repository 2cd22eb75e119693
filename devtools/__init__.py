"""Tooling shared by the tests and the benchmarks (never imported by the app): start the
dashboard server on a free loopback port and wait until it answers, and launch Debian's
Chromium the one way both use."""
