"""The two validation engines, fast and reference, and the walk that runs them (:mod:`.validate`)."""
