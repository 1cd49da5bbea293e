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
import { useTranslation } from "react-i18next";
import { ItemChooser } from "~/components/ItemChooser";
import { ReminderScheduleInput } from "~/components/ReminderScheduleInput";
import { RuleSettings } from "~/components/rule/RuleSettings";
import { minAnswersFromForm, stoppingFromForm } from "~/components/rule/rule-form";
import { canCreateConsultation, choosableItems, createConsultation } from "~/models/consultation.server";
import { listModels } from "~/models/model.server";
import { requireUser } from "~/session.server";
import { DEFAULT_QUESTIONS } from "../../shared/delphi/questions";
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
      design: String(form.get("design") ?? "rounds") as "rounds",
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
  const { t } = useTranslation("consultation");
  const fieldError = (path: string) => result?.details?.find((d) => d.path === path)?.message;
  const errors = {
    title: fieldError("title"),
    items: fieldError("items"),
    minGroupSize: fieldError("minGroupSize"),
    reminderHours: fieldError("reminderHours"),
    design: fieldError("design"),
    deadline: fieldError("deadline"),
  };
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {t("create.title")}
      </Title>
      <Form method="post">
        <Stack>
          {result?.error && (
            <Alert color="red" role="alert" title={t("create.notCreated")}>
              {result.error}
            </Alert>
          )}
          <TextInput label={t("create.titleField")} name="title" required error={errors.title} />
          <Textarea
            label={t("create.description")}
            name="description"
            description={t("create.descriptionHint")}
            autosize
            minRows={3}
          />
          <NativeSelect
            label={t("create.model")}
            name="model"
            defaultValue={choice?.model}
            onChange={(event) =>
              setSearchParams({ model: event.currentTarget.value }, { replace: true, preventScrollReset: true })
            }
            data={models.flatMap((m) =>
              m.versions.map((v) => ({
                value: `${m.slug}@${v.number}`,
                label: t("create.modelOption", { name: m.name, version: v.number, count: v.indicators }),
              })),
            )}
          />
          {choice && <ItemChooser model={choice.model} items={choice.items} error={errors.items} />}
          <Fieldset legend={t("create.questions")} variant="unstyled">
            <Stack gap="xs">
              {ITEM_KINDS.map((kind) => (
                <TextInput
                  key={kind}
                  label={t(`create.questionKind.${kind}`)}
                  name={`question.${kind}`}
                  defaultValue={DEFAULT_QUESTIONS[kind]}
                  maxLength={300}
                  error={fieldError(`questions.${kind}`)}
                  dir="auto"
                />
              ))}
            </Stack>
          </Fieldset>
          <Radio.Group
            label={t("create.scale")}
            name="scalePoints"
            defaultValue="5"
            description={t("create.scaleHint")}
          >
            <Stack gap={6} mt={6}>
              <Radio value="5" label={t("create.scale5")} />
              <Radio value="9" label={t("create.scale9")} />
            </Stack>
          </Radio.Group>
          <NativeSelect
            label={t("create.rule")}
            name="rulePreset"
            data={presets.map((p) => ({ value: p.id, label: p.name }))}
            defaultValue="b1mg-2021"
          />
          <Text size="sm" c="dimmed">
            {presets.map((p) => `${p.name}: ${p.clauses.join("; ")}`).join(" · ")}
          </Text>
          <RuleSettings fieldError={fieldError} />
          <Radio.Group label={t("create.anonymity")} name="anonymity" defaultValue="anonymous">
            <Stack gap={6} mt={6}>
              <Radio value="anonymous" label={t("create.anonymous")} />
              <Radio value="quasi-anonymous" label={t("create.quasiAnonymous")} />
            </Stack>
          </Radio.Group>
          <TextInput
            label={t("create.minGroupSize")}
            description={t("create.minGroupSizeHint")}
            name="minGroupSize"
            type="number"
            min={1}
            defaultValue={3}
            error={errors.minGroupSize}
          />
          <Radio.Group
            label={t("create.design")}
            name="design"
            defaultValue="rounds"
            description={t("create.designHint")}
            error={errors.design}
          >
            <Stack gap={6} mt={6}>
              <Radio value="rounds" label={t("create.designRounds")} />
              <Radio value="realtime" label={t("create.designRealtime")} />
              <Radio value="realtime+confirmation" label={t("create.designRealtimeConfirmation")} />
            </Stack>
          </Radio.Group>
          <Checkbox name="openRound" label={t("create.openRound")} description={t("create.openRoundHint")} />
          <TextInput label={t("create.deadline")} name="deadline" type="datetime-local" error={errors.deadline} />
          <ReminderScheduleInput defaultHours={[]} error={errors.reminderHours} />
          <Button type="submit" loading={busy} w="fit-content">
            {t("create.submit")}
          </Button>
        </Stack>
      </Form>
    </Stack>
  );
}
