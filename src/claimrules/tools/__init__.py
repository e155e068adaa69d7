"""Tools for the people who keep profiles and audit decisions: the profile linter, the impact
of a profile change, the generated profile reference, and the replay of stored decisions."""
