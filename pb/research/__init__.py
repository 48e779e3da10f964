"""The researchers' side of pb: the `pb` console script (tally, replay, rules) and the replay of
official outcomes. It uses pb.domain only, so `pip install .` runs it without the web app."""
