"""The demo cycles `make run` loads: data, and the loaders that put it in through the services.
Not a service itself: nothing in the app depends on it."""

from pb.demo.ballots import CURRENT, PAST
from pb.demo.load import DemoResult, load_demo
from pb.demo.phases import NEXT, add_demo_phases

__all__ = ["CURRENT", "NEXT", "PAST", "DemoResult", "add_demo_phases", "load_demo"]
