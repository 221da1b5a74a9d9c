"""Qt only: the main window, one module per tab, dialogs, table models, the background helper."""
