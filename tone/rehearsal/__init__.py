"""Rehearsal material for trainers: flawed replies beside better ones tone builds itself."""
