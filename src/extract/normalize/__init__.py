"""Normalizers: turn extracted surface forms into canonical values."""
