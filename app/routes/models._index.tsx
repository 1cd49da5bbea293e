// The list of maturity level models and their versions.
import { Anchor, Badge, Card, Code, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listModels } from "~/models/model.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Models · delphi-mlm" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return { models: await listModels(context.db), isAdmin: user.isAdmin };
}

export default function Models() {
  const { models, isAdmin } = useLoaderData<typeof loader>();
  return (
    <Stack>
      <Title order={1} size="h2">
        Maturity level models
      </Title>
      {models.length === 0 && <Text>No model yet.</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {models.map((m) => {
          const latest = m.versions[0];
          return (
            <Card key={m.slug} withBorder>
              <Anchor component={Link} to={`/models/${m.slug}`} fw={600}>
                {m.name}
              </Anchor>
              <Group gap="xs" mt="xs">
                <Badge variant="light">version {latest?.number}</Badge>
                <Text size="sm" c="dimmed">
                  {latest?.indicators} indicators · {m.versions.length} version{m.versions.length === 1 ? "" : "s"}
                </Text>
              </Group>
            </Card>
          );
        })}
      </SimpleGrid>
      {isAdmin && (
        <Text size="sm" c="dimmed">
          Import a model file (docs/model-format.md) with <Code>npm run model:import -- path/to/model.json</Code>.
        </Text>
      )}
    </Stack>
  );
}
