// entry point
