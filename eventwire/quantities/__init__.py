"""Numbers in the news: counts and amounts with what they count, whose they are, who claims them
and which earlier figure they replace. `stage.apply` fills `Extraction.quantities`."""
