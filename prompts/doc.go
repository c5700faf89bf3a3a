// Package prompts is Candor's coaching library and the choice of the daily
// prompt. It is plain data and logic: it knows nothing of storage or of the
// GUI. The library ships as an embedded YAML file; the user's own prompts are
// stored by package journal and passed in. Choose picks the prompt of a day
// from the date and a summary of the user's recent entries, deterministically
// and with a reason the user can read.
package prompts
