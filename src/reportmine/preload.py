"""Imported by the worker pool's fork server (:mod:`reportmine.parallel`): loads what every worker
needs, once, before the workers are forked from it. Importing it has that effect and no other."""
from .parallel import tune_gc, warm_up

warm_up()
tune_gc()
