// Create a consultation from a model version: scale, consensus rule, anonymity, items to rate.
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  NativeSelect,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ItemChooser } from "~/components/ItemChooser";
import { ReminderScheduleInput } from "~/components/ReminderScheduleInput";
import { RuleSettings } from "~/components/rule/RuleSettings";
import { minAnswersFromForm, stoppingFromForm } from "~/components/rule/rule-form";
import { canCreateConsultation, choosableItems, createConsultation } from "~/models/consultation.server";
import { listModels } from "~/models/model.server";
import { requireUser } from "~/session.server";
import { DEFAULT_QUESTIONS, QUESTION_KIND_LABELS } from "../../shared/delphi/questions";
import { ITEM_KINDS, parseReminderHours } from "../../shared/delphi/schemas";
import { AppError } from "../../shared/errors/app-error";
import { CONSENSUS_PRESETS } from "../../shared/stats/consensus";

export const meta: MetaFunction = () => [{ title: "New consultation · delphi-mlm" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  if (!(await canCreateConsultation(context.db, user)))
    throw new Response("Only an admin or a moderator may create a consultation", { status: 403 });
  const models = await listModels(context.db);
  // The tree shows the version chosen in the form (?model=slug@n), else the one the select starts on.
  const [slug, number] = (new URL(request.url).searchParams.get("model") ?? "").split("@");
  const first = models[0];
  const choice =
    (slug && /^[\w-]{1,100}$/.test(slug)
      ? await choosableItems(context.db, slug, /^[1-9]\d{0,8}$/.test(number ?? "") ? Number(number) : undefined)
      : null) ?? (first ? await choosableItems(context.db, first.slug, first.versions[0]?.number) : null);
  const presets = Object.entries(CONSENSUS_PRESETS).map(([id, rule]) => ({
    id,
    name: rule.name ?? id,
    clauses: rule.clauses.map((c) => `${c.status}: ${c.label ?? "…"}`),
  }));
  return { models, presets, choice };
}

/**
 * The form's items: the keys ticked in the tree when it was made for the model being created from (an empty
 * tree is an empty list, refused as such), else the preset a browser without scripts posted.
 */
function itemsFromForm(form: FormData, model: string) {
  if (form.get("itemsFor") === model) return form.getAll("item").map(String);
  return String(form.get("items") ?? "indicators+levels") as "indicators";
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const model = String(form.get("model") ?? "");
  const [modelSlug, modelVersion] = model.split("@");
  const deadline = String(form.get("deadline") ?? "");
  try {
    const created = await createConsultation(context.db, user, {
      title: String(form.get("title") ?? ""),
      description: String(form.get("description") ?? ""),
      modelSlug: modelSlug ?? "",
      modelVersion: modelVersion ? Number(modelVersion) : undefined,
      scalePoints: Number(form.get("scalePoints") ?? 5),
      rulePreset: String(form.get("rulePreset") ?? "") || undefined,
      minAnswers: minAnswersFromForm(form),
      stopping: stoppingFromForm(form),
      anonymity: String(form.get("anonymity") ?? "anonymous") as "anonymous",
      items: itemsFromForm(form, model),
      deadline: deadline ? new Date(deadline) : undefined,
      reminderHours: parseReminderHours(String(form.get("reminders") ?? ""), "consultation"),
      minGroupSize: String(form.get("minGroupSize") ?? "").trim() || undefined,
      openRound: form.get("openRound") === "on",
      languages: form.getAll("language").map(String),
      questions: Object.fromEntries(
        ITEM_KINDS.flatMap((kind) => {
          const asked = form.get(`question.${kind}`);
          return asked === null ? [] : [[kind, String(asked)]];
        }),
      ),
    });
    return redirect(`/consultations/${created.id}`);
  } catch (error) {
    if (error instanceof AppError)
      return json({ error: error.message, details: error.details }, { status: error.code === "forbidden" ? 403 : 400 });
    throw error;
  }
}

export default function NewConsultation() {
  const { models, presets, choice } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const fieldError = (path: string) => result?.details?.find((d) => d.path === path)?.message;
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        New consultation
      </Title>
      <Form method="post">
        <Stack>
          {result?.error && (
            <Alert color="red" role="alert" title="Not created">
              {result.error}
            </Alert>
          )}
          <TextInput label="Title" name="title" required error={fieldError("title")} />
          <Textarea
            label="Description"
            name="description"
            description="Shown to the panel: purpose, timeline, what is asked."
            autosize
            minRows={3}
          />
          <NativeSelect
            label="Model version to validate"
            name="model"
            defaultValue={choice?.model}
            onChange={(event) =>
              setSearchParams({ model: event.currentTarget.value }, { replace: true, preventScrollReset: true })
            }
            data={models.flatMap((m) =>
              m.versions.map((v) => ({
                value: `${m.slug}@${v.number}`,
                label: `${m.name} — version ${v.number} (${v.indicators} indicators)`,
              })),
            )}
          />
          {choice && <ItemChooser model={choice.model} items={choice.items} error={fieldError("items")} />}
          {choice && choice.translations.length > 0 && (
            <Fieldset legend="Languages the panel may answer in" variant="unstyled">
              <Stack gap={6}>
                <Checkbox
                  checked
                  disabled
                  readOnly
                  label={`${choice.language.toUpperCase()} — the model's own wording, always offered`}
                />
                {choice.translations.map((language) => (
                  <Checkbox
                    key={language}
                    name="language"
                    value={language}
                    label={`${language.toUpperCase()} — translation`}
                  />
                ))}
                {fieldError("languages") && (
                  <Text size="sm" c="red">
                    {fieldError("languages")}
                  </Text>
                )}
              </Stack>
            </Fieldset>
          )}
          <Fieldset legend="The question above the scale, per kind of item" variant="unstyled">
            <Stack gap="xs">
              {ITEM_KINDS.map((kind) => (
                <TextInput
                  key={kind}
                  label={QUESTION_KIND_LABELS[kind]}
                  name={`question.${kind}`}
                  defaultValue={DEFAULT_QUESTIONS[kind]}
                  maxLength={300}
                  error={fieldError(`questions.${kind}`)}
                />
              ))}
            </Stack>
          </Fieldset>
          <Radio.Group
            label="Rating scale"
            name="scalePoints"
            defaultValue="5"
            description='"No opinion / cannot judge" is always offered and counted separately.'
          >
            <Stack gap={6} mt={6}>
              <Radio value="5" label="5-point agreement (strongly disagree … strongly agree)" />
              <Radio value="9" label="9-point (RAND/UCLA, 1–9)" />
            </Stack>
          </Radio.Group>
          <NativeSelect
            label="Consensus rule (locked when round 1 opens)"
            name="rulePreset"
            data={presets.map((p) => ({ value: p.id, label: p.name }))}
            defaultValue="b1mg-2021"
          />
          <Text size="sm" c="dimmed">
            {presets.map((p) => `${p.name}: ${p.clauses.join("; ")}`).join(" · ")}
          </Text>
          <RuleSettings fieldError={fieldError} />
          <Radio.Group label="Anonymity" name="anonymity" defaultValue="anonymous">
            <Stack gap={6} mt={6}>
              <Radio
                value="anonymous"
                label="Anonymous: nobody sees who answered what; moderators learn only how many have not finished"
              />
              <Radio
                value="quasi-anonymous"
                label="Quasi-anonymous: moderators also see who has not finished (to remind them), never who answered what"
              />
            </Stack>
          </Radio.Group>
          <TextInput
            label="Minimum group size"
            description="Figures of a stakeholder type, country or gender with fewer panellists are not shown (fixed once round 1 opens)"
            name="minGroupSize"
            type="number"
            min={1}
            defaultValue={3}
            error={fieldError("minGroupSize")}
          />
          <Checkbox
            name="openRound"
            label="Start with an open round"
            description="Round 1 rates nothing: the panel comments on the draft model and proposes what is missing; round 2 rates the model as revised"
          />
          <TextInput label="Round 1 deadline (optional)" name="deadline" type="datetime-local" />
          <ReminderScheduleInput defaultHours={[]} error={fieldError("reminderHours")} />
          <Button type="submit" loading={busy} w="fit-content">
            Create consultation
          </Button>
        </Stack>
      </Form>
    </Stack>
  );
}
