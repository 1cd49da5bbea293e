// The create form's choice of items: the chosen model version as a tree with checkboxes (domain → subdomain
// → indicator → level set), tri-state groups with counts, and the presets as shortcuts that set the tree.
// The choice is posted as one `item` field per chosen key, with the version it was made for.
import { Button, Checkbox, Group, Radio, Stack, Text, Tree, useTree, type RenderTreeNodePayload } from "@mantine/core";
import { useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import {
  ITEM_PRESET_LABELS,
  itemTree,
  leavesByNode,
  matchingPreset,
  presetItems,
  type ChoosableItem,
  type ItemPreset,
} from "../../shared/delphi/item-tree";

const DEFAULT_PRESET: ItemPreset = "indicators+levels";
// Marks of an expanded and a collapsed group (no words to translate).
const OPEN_MARK = "▾ ";
const CLOSED_MARK = "▸ ";

export function ItemChooser(props: { model: string; items: ChoosableItem[]; error?: string }) {
  const { model, error } = props;
  const { t } = useTranslation("consultation");
  // A revalidation brings an equal list: keep the first, so the tree keeps what is expanded.
  const stable = useRef(props);
  if (stable.current.model !== model) stable.current = props;
  const { items } = stable.current;
  const data = useMemo(() => itemTree(items), [items]);
  const leaves = useMemo(() => leavesByNode(data), [data]);
  const initial = useMemo(() => presetItems(items, DEFAULT_PRESET).map((i) => i.key), [items]);
  const tree = useTree({ initialCheckedState: initial });
  // Another model version is another set of items: start again from the default preset.
  const shown = useRef(model);
  useEffect(() => {
    if (shown.current === model) return;
    shown.current = model;
    tree.setCheckedState(initial);
    tree.collapseAllNodes();
  }, [model, initial, tree]);
  const checked = useMemo(() => new Set(tree.checkedState), [tree.checkedState]);
  const preset = matchingPreset(items, checked);
  // In model order, whatever order the boxes were ticked in.
  const chosen = items.filter((i) => checked.has(i.key));

  const renderNode = ({ node, expanded, hasChildren, elementProps }: RenderTreeNodePayload) => {
    const under = leaves.get(node.value);
    const count = under ? under.filter((k) => checked.has(k)).length : 0;
    const isChecked = under ? count === under.length : checked.has(node.value);
    const toggle = () => (isChecked ? tree.uncheckNode(node.value) : tree.checkNode(node.value));
    return (
      <Group gap={6} wrap="nowrap" {...elementProps}>
        <Checkbox
          size="xs"
          checked={isChecked}
          indeterminate={!!under && count > 0 && !isChecked}
          onChange={toggle}
          onClick={(event) => event.stopPropagation()}
          aria-label={
            under
              ? t("items.nodeChosen", { name: (node.nodeProps as { name: string }).name, count, total: under.length })
              : (node.nodeProps as { name: string }).name
          }
        />
        <Text size="sm" lineClamp={1} style={{ cursor: hasChildren ? "pointer" : undefined }} dir="auto">
          {hasChildren ? (expanded ? OPEN_MARK : CLOSED_MARK) : ""}
          {node.label}
        </Text>
        {under && (
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} data-testid="node-count">
            {count}/{under.length}
          </Text>
        )}
      </Group>
    );
  };

  return (
    <Stack gap="xs">
      <Radio.Group
        label={t("items.label")}
        description={t("items.hint")}
        value={preset ?? ""}
        onChange={(value) => tree.setCheckedState(presetItems(items, value as ItemPreset).map((i) => i.key))}
        error={error}
      >
        <Stack gap={6} mt={6}>
          {(Object.keys(ITEM_PRESET_LABELS) as ItemPreset[]).map((p) => (
            <Radio key={p} value={p} label={t(`items.preset.${p}`)} />
          ))}
        </Stack>
      </Radio.Group>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" fw={500} data-testid="items-chosen" aria-live="polite">
          {t(preset ? "items.selected" : "items.selectedOwn", { chosen: chosen.length, count: items.length })}
        </Text>
        <Group gap="xs">
          <Button size="compact-xs" variant="default" onClick={() => tree.expandAllNodes()}>
            {t("items.expandAll")}
          </Button>
          <Button size="compact-xs" variant="default" onClick={() => tree.collapseAllNodes()}>
            {t("items.collapseAll")}
          </Button>
        </Group>
      </Group>
      <Tree
        data={data}
        tree={tree}
        levelOffset="md"
        expandOnClick
        renderNode={renderNode}
        aria-label={t("items.tree")}
        mah={420}
        style={{ overflowY: "auto" }}
      />
      <input type="hidden" name="itemsFor" value={model} />
      {chosen.map((i) => (
        <input key={i.key} type="hidden" name="item" value={i.key} />
      ))}
    </Stack>
  );
}
