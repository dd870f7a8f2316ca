"""One router per resource: health, model, predictions, weeks, programmes, rules, actuals."""
