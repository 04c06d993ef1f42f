/*
 * inputs_experiments.c - the input of the experiment use cases
 * (app/experiments.h), one table each (see input.h): the command line's
 * options and --help, the API's validation and the OpenAPI schemas
 * ExperimentInput, ExperimentPatch, ArmInput, ArmRecord and ExperimentClose
 * come from them. Linked alone by the fuzz target of request bodies: input.h
 * and core only.
 */
#include <stddef.h>

#include "app/experiments.h"

#include "util/banned.h"

#define F(s, m) offsetof(s, m)
#define TEXT_FITS(s, m, max) _Static_assert(sizeof(((s *)0)->m) == (max) + 1, #s "." #m " holds " #max " bytes")
TEXT_FITS(tm_experiment_input, name, TM_EXPERIMENT_NAME_MAX);
TEXT_FITS(tm_experiment_input, hypothesis, TM_TEXT_MAX);
TEXT_FITS(tm_experiment_input, launch, TM_SLUG_MAX);
TEXT_FITS(tm_arm_input, name, TM_ARM_NAME_MAX);
TEXT_FITS(tm_arm_input, message, TM_TEXT_MAX);
TEXT_FITS(tm_experiment_close_input, result, TM_TEXT_MAX);
TEXT_FITS(tm_experiment_close_input, decision, TM_TEXT_MAX);
TEXT_FITS(tm_experiment_close_input, chosen, TM_ARM_NAME_MAX);

#define COUNT_MAX 1000000000 /* TM_EXPERIMENT_COUNT_MAX, as an int field holds it */
_Static_assert(COUNT_MAX == TM_EXPERIMENT_COUNT_MAX, "counts are ints up to 10^9");

const char *const tm_close_idea_statuses[] = { "validating", "planned", "dropped", "sunset", NULL };

static const tm_field experiment_fields[] = {
	[TM_XI_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_EXPERIMENT_NAME_MAX, TM_IN_REQUIRED, NULL, "NAME",
			 "a short name, unique in the workspace (e.g. pro-price-2027q1)", F(tm_experiment_input, name),
			 NULL, NULL },
	[TM_XI_KIND] = { "kind", NULL, TM_IN_CHOICE, 0, 0, TM_IN_REQUIRED, tm_experiment_kind_names, "KIND",
			 "what is tested", F(tm_experiment_input, kind), NULL, NULL },
	[TM_XI_HYPOTHESIS] = { "hypothesis", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, TM_IN_REQUIRED, NULL, "TEXT",
			       "what the experiment should show, e.g. 'a 12% higher price keeps conversion'",
			       F(tm_experiment_input, hypothesis), NULL, NULL },
	[TM_XI_CURRENT_PRICE] = { "current_price", NULL, TM_IN_NUMBER, 0, 0, 0, NULL, "PRICE",
				  "today's price (more than 0): price steps are judged against it (12-15%)",
				  F(tm_experiment_input, current_price), NULL, NULL },
	[TM_XI_PLANNED_SAMPLE] = { "planned_sample", NULL, TM_IN_INT, 0, COUNT_MAX, 0, NULL, "N",
				   "qualified signups planned per arm (analysing before is peeking; 0: none)",
				   F(tm_experiment_input, planned_sample), NULL, NULL },
	[TM_XI_MONTHLY_TRAFFIC] = { "monthly_traffic", NULL, TM_IN_INT, 0, COUNT_MAX, 0, NULL, "N",
				    "visitors a month, for the annualised revenue impact (0: not given)",
				    F(tm_experiment_input, monthly_traffic), NULL, NULL },
	[TM_XI_COST] = { "cost", NULL, TM_IN_NUMBER, 0, 0, 0, NULL, "AMOUNT",
			 "what shipping the variant costs (0 or more), for the payback period", F(tm_experiment_input, cost),
			 NULL, NULL },
	[TM_XI_OWNER] = { "owner", NULL, TM_IN_PERSON, 0, 0, TM_IN_NULLABLE, NULL, "PERSON",
			  "who runs it (none or null: nobody)", F(tm_experiment_input, owner), NULL, NULL },
	[TM_XI_IDEA] = { "idea", NULL, TM_IN_INT, 0, 2147483647, 0, NULL, "ID",
			 "the backlog item it informs (its id; 0 removes it)", F(tm_experiment_input, idea), NULL, NULL },
	[TM_XI_LAUNCH] = { "launch", NULL, TM_IN_TEXT, 0, TM_SLUG_MAX, TM_IN_EMPTY_OK, NULL, "LAUNCH",
			   "the launch it informs (\"\" removes it)", F(tm_experiment_input, launch), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const experiment_readonly[] = { "id",       "status",    "verdict",    "result",     "decision",
						   "closed_on", "arms",     "version",    "created_at", "updated_at",
						   NULL };

const tm_input_desc tm_experiment_desc = {
	"experiment", "ExperimentInput", "ExperimentPatch",
	"A pricing, packaging or messaging experiment (seed 003): a hypothesis, the idea or launch it informs, and "
	"arms added afterwards (a control and variants). A new experiment needs a name, a kind and a hypothesis.",
	experiment_fields, offsetof(tm_experiment_input, given), sizeof(tm_experiment_input), experiment_readonly,
};

static const tm_field arm_fields[] = {
	[TM_XA_NAME] = { "name", NULL, TM_IN_TEXT, 0, TM_ARM_NAME_MAX, TM_IN_REQUIRED, NULL, "ARM",
			 "the arm's name, unique in the experiment (e.g. control, plus-12)", F(tm_arm_input, name), NULL,
			 NULL },
	[TM_XA_CONTROL] = { "control", NULL, TM_IN_BOOL, 0, 0, 0, NULL, NULL,
			    "this arm is the control (one per experiment): what is shown today", F(tm_arm_input, control),
			    NULL, NULL },
	[TM_XA_PRICE] = { "price", NULL, TM_IN_NUMBER, 0, 0, 0, NULL, "PRICE", "the price this arm shows (more than 0)",
			  F(tm_arm_input, price), NULL, NULL },
	[TM_XA_MESSAGE] = { "message", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, 0, NULL, "TEXT",
			    "the message this arm shows (a headline, a value proposition)", F(tm_arm_input, message), NULL,
			    NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

static const char *const arm_readonly[] = { "id", "visitors", "conversions", "revenue_per_conversion", NULL };

const tm_input_desc tm_arm_desc = {
	"arm", "ArmInput", NULL,
	"An arm of an experiment: the control, or a variant with a price or a message.",
	arm_fields, offsetof(tm_arm_input, given), sizeof(tm_arm_input), arm_readonly,
};

static const tm_field record_fields[] = {
	[TM_XR_VISITORS] = { "visitors", NULL, TM_IN_INT, 0, COUNT_MAX, TM_IN_REQUIRED, NULL, "N",
			     "qualified signups shown this arm so far (a running total, 0 or more)",
			     F(tm_arm_record_input, visitors), NULL, NULL },
	[TM_XR_CONVERSIONS] = { "conversions", NULL, TM_IN_INT, 0, COUNT_MAX, TM_IN_REQUIRED, NULL, "N",
				"of them, how many converted so far (at most the visitors)",
				F(tm_arm_record_input, conversions), NULL, NULL },
	[TM_XR_REVENUE] = { "revenue_per_conversion", NULL, TM_IN_NUMBER, 0, 0, 0, NULL, "AMOUNT",
			    "revenue one conversion brings (0 or more; default: the arm's price)",
			    F(tm_arm_record_input, revenue_per_conversion), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_arm_record_desc = {
	"arm_record", "ArmRecord", NULL,
	"An arm's running totals: every qualified signup shown it so far and how many converted (replacing the "
	"totals recorded before).",
	record_fields, offsetof(tm_arm_record_input, given), sizeof(tm_arm_record_input), NULL,
};

static const tm_field close_fields[] = {
	[TM_XC_RESULT] = { "result", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, TM_IN_REQUIRED, NULL, "TEXT",
			   "what was learnt (the decision's why)", F(tm_experiment_close_input, result), NULL, NULL },
	[TM_XC_DECISION] = { "decision", NULL, TM_IN_TEXT, 0, TM_TEXT_MAX, 0, NULL, "TEXT",
			     "what was decided (default: ship the arm chosen, or keep the control)",
			     F(tm_experiment_close_input, decision), NULL, NULL },
	[TM_XC_CHOSEN] = { "chosen", NULL, TM_IN_TEXT, 0, TM_ARM_NAME_MAX, 0, NULL, "ARM",
			   "the arm chosen (default: the analysis' winner, else the control)",
			   F(tm_experiment_close_input, chosen), NULL, NULL },
	[TM_XC_DECIDED_BY] = { "decided_by", NULL, TM_IN_PERSON, 0, 0, 0, NULL, "PERSON",
			       "who decided (default: the experiment's owner)", F(tm_experiment_close_input, decided_by),
			       NULL, NULL },
	[TM_XC_IDEA_STATUS] = { "idea_status", NULL, TM_IN_CHOICE, 0, 0, 0, tm_close_idea_statuses, "STATUS",
				"the idea's status after: validating, planned, dropped or sunset (default: planned when "
				"a variant won, else unchanged)",
				F(tm_experiment_close_input, idea_status), NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL, NULL },
};

const tm_input_desc tm_experiment_close_desc = {
	"experiment_close", "ExperimentClose", NULL,
	"Closes an experiment: its verdict and result are recorded, with a decision in the ledger, and the idea it "
	"informs is moved on.",
	close_fields, offsetof(tm_experiment_close_input, given), sizeof(tm_experiment_close_input), NULL,
};
