"""Reading a package: where it is, its descriptor and keys, and the one strict CSV reader."""
