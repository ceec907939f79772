"""委员学习 in the search index (settings.SEARCH_PROVIDERS): one provider module per kind of record
a person looks for; each finds what its page rule (`permissions`) lets the user open."""
