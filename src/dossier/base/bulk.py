"""Work that makes hundreds of thousands of objects at once (an evidence base of 10,000 items
loaded and checked), done with Python's cyclic garbage collector paused.

The collector runs each time a few hundred objects have been made, and the older the heap
the more of it each of its full passes walks: loading a large evidence file took three times
as long with it as without. What is made here holds few reference cycles, and whatever
garbage it leaves is collected by the collector's next full pass.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Inside the block, no cyclic garbage collection; after it, as before (when two threads
    pause it at once, it runs again once the first is done: only slower, never off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What the block made is old news to the collector: moved to its oldest
            # generation (frozen, then thawed there), it is walked at the next full pass,
            # not at once by the first young-generation pass, which would walk all of it.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
