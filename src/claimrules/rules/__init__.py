"""The rules layer: what the law makes of a claim's history on one day (delivery, ledger,
interest, fees, limitation and liens, plans, monitoring facts)."""
