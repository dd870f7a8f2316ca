"""The decision backtest: which way of putting films in rooms earns the most over 2010-2022.

`walk` predicts every film walk-forward, `policies` turns each week into each policy's programme
and realised receipts, `report` sums them up and chooses, `service` runs it all
(`mercredi backtest --decision`). The chosen policy itself lives in `predictor.programme.policy`.
"""
