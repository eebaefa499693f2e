"""The golden set, the evaluation runner and its report. Drives the public interfaces; nothing imports it."""
