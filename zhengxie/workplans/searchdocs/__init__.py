"""The year's plans and democratic supervision in the search index (settings.SEARCH_PROVIDERS):
one provider module per kind of record a person looks for; each finds what its page rule lets
the user open."""
