"""Corpus-level consolidation of per-document rows into registries."""
