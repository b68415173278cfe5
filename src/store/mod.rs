//! The embedded store: the SQLite index of the data folder and the user state kept apart from it.
