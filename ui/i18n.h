/* i18n: the dashboard's own words in the caption's language (--lang). Captions come from the
 * scenario's notes; the strings the dashboard adds to teach with (the object tree, the Why
 * panel's clocks and reasons, the Pending badge, confirmations) are looked up here, so a
 * Korean class reads them in Korean. Kubernetes' own names (Deployment, ReplicaSet, Pending,
 * kinds and reasons as kubectl prints them) stay in English, as Korean documentation keeps
 * them. */
#ifndef DEPLOYSIM_UI_I18N_H
#define DEPLOYSIM_UI_I18N_H

#include <stddef.h>

/* `en` in `lang` ("ko"); `en` itself when lang is NULL, "en" or has no entry. Format strings
 * translate to format strings with the same conversions in the same order. */
const char *ui_tr(const char *lang, const char *en);

/* The table, for its unit test: entry i's English and Korean (false past the end). */
int ui_tr_count(void);
void ui_tr_entry(int i, const char **en, const char **ko);

#endif
