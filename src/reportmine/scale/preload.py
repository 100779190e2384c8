"""Imported by the worker pool's fork server (:mod:`reportmine.scale.parallel`): loads what every worker
needs, once, before the workers are forked from it. Importing it has that effect and no other."""
from reportmine.scale.parallel import tune_gc, warm_up

warm_up()
tune_gc()
