"""The plans app's pages, one module per part: localities and plans, targets, meetings, import and export."""
