//! Turning files in the data folder into articles.
