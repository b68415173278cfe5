//! Key syntax, per-context bindings and the resolver for key sequences.
