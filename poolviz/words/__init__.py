"""Words: the spec's code and equations, the narration of each step, the PyTorch snippet. No pictures."""
