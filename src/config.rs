//! config.toml: the embedded defaults, the user file merged over them, and errors with positions.
