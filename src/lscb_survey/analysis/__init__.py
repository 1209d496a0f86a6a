"""The survey's analyses on tidy frames: Likert summaries, Laming -> Munro shifts, wave comparison."""
