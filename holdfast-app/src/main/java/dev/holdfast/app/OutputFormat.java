package dev.holdfast.app;

/** How a command prints data: an aligned table for people, CSV or JSON for programs. */
enum OutputFormat {
  TABLE,
  CSV,
  JSON
}
