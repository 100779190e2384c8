"""Running many documents: worker processes, Dask, progress and the benchmark.

- :mod:`~reportmine.scale.parallel`: forked workers running :func:`reportmine.document.work`
  for :func:`reportmine.pipeline.run`'s single writer; :mod:`~reportmine.scale.preload` is what
  their fork server loads once;
- :mod:`~reportmine.scale.distributed`: partitions on a Dask cluster into shard KBs, then merged;
- :mod:`~reportmine.scale.progress`: the progress bar or log lines;
- :mod:`~reportmine.scale.bench`: ``reportmine bench``, throughput and memory against bare jieba.
"""
