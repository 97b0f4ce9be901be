"""The check catalogue: rule-based and learned checks behind one interface (see base.py)."""
