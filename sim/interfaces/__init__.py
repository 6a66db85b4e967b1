"""How people reach the model: the command line, the classroom dashboard, generated docs."""
