"""One row per score (sleep, readiness) and contributor of the ring's wearer: the contributor's effect on
the score with a 95% bootstrap interval, its typical and good levels, the gain of moving it from one to
the other, and the one to work on. A dbt Python model: the numbers come from lifemetrics.insights."""

from lifemetrics.insights.score_drivers import SCORE_INPUTS, score_drivers


def model(dbt, session):
    dbt.config(materialized="table")
    columns = sorted({name for score, inputs in SCORE_INPUTS.items() for name in (score, *inputs)})
    # in day order: the bootstrap resamples row positions, so the rows' order must not depend on how
    # daily_health was built (incremental or full)
    days = dbt.ref("daily_health").order("day").select(", ".join(columns)).to_arrow_table()
    return score_drivers(days)
