// A shared rich-text document (Tiptap on ProseMirror, bound to Yjs with y-prosemirror) with remote
// carets labelled by pseudonym. Tiptap was chosen because its Collaboration extensions are the
// maintained y-prosemirror binding, it renders plain semantic HTML (accessible, stylable with Mantine)
// and ProseMirror's schema keeps pasted content clean. The server decides who may write and rewrites
// presence so names never travel; a read-only, oversized or unrepresentable edit closes the socket
// (4403 / 1009 / 4400).
import { Alert, Box, Group, Text } from "@mantine/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCursor from "@tiptap/extension-collaboration-cursor";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { RATIONALE_FIELD } from "../../shared/delphi/documents";

interface Props {
  docName: string;
  /** Whether this user may edit (the server enforces it either way). */
  editable: boolean;
  /** The name other collaborators see for this user (a pseudonym, never a name). */
  displayName: string;
  colour: string;
  label: string;
  /** Who writes it, said above an editable document (default: the panel). */
  writers?: string;
}

type Status = "connecting" | "connected" | "offline" | "read-only" | "too-large" | "refused";

/** Close codes after which reconnecting would only repeat the refusal (server/realtime/yjs.ts). */
const FINAL_CLOSES: Record<number, Status> = { 4403: "read-only", 1009: "too-large", 4400: "refused" };

export function RationaleEditor(props: Props) {
  const { t } = useTranslation("voting");
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [status, setStatus] = useState<Status>("connecting");
  const [peers, setPeers] = useState<string[]>([]);

  useEffect(() => {
    const doc = new Y.Doc();
    const base = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/yjs`;
    const provider = new WebsocketProvider(base, props.docName, doc, { disableBc: true });
    provider.on("status", ({ status }: { status: string }) =>
      setStatus((s) =>
        s === "read-only" || s === "too-large" || s === "refused"
          ? s
          : status === "connected"
            ? "connected"
            : "connecting",
      ),
    );
    provider.on("connection-close", (event: CloseEvent | null) => {
      // The server refuses this user's writes or this edit: reconnecting would only repeat it.
      const final = event ? FINAL_CLOSES[event.code] : undefined;
      if (final) {
        provider.shouldConnect = false;
        setStatus(final);
      }
    });
    const onAwareness = () =>
      setPeers(
        [...provider.awareness.getStates().entries()]
          .filter(([id]) => id !== doc.clientID)
          .map(([, state]) => (state as { user?: { name?: string } }).user?.name ?? "")
          .filter(Boolean),
      );
    provider.awareness.on("change", onAwareness);
    setSession({ doc, provider });
    return () => {
      provider.awareness.off("change", onAwareness);
      provider.destroy();
      doc.destroy();
    };
  }, [props.docName]);

  const editor = useEditor(
    session
      ? {
          editable: props.editable,
          extensions: [
            StarterKit.configure({ history: false }), // Yjs keeps the undo history per user
            Collaboration.configure({ document: session.doc, field: RATIONALE_FIELD }),
            CollaborationCursor.configure({
              provider: session.provider,
              user: { name: props.displayName, color: props.colour },
            }),
          ],
          editorProps: {
            attributes: {
              "aria-label": props.label,
              role: "textbox",
              "aria-multiline": "true",
              dir: "auto",
              class: "rationale-editor",
            },
          },
        }
      : { extensions: [StarterKit], editable: false },
    [session, props.editable],
  );

  const writable = props.editable && status !== "read-only";
  return (
    <Box>
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="xs" c="dimmed">
          {writable ? (props.writers ?? t("editor.withPanel")) : t("editor.readOnly")}{" "}
          {peers.length > 0 && t("editor.alsoHere", { names: [...new Set(peers)].join(", ") })}
        </Text>
        <Text size="xs" c={status === "connected" ? "teal.9" : "dimmed"} data-testid="rationale-status">
          {/* "live" only where you take part in the editing; a document you only read says so. */}
          {t(`editor.status.${status === "connected" ? (writable ? "live" : "read-only") : status}`)}
        </Text>
      </Group>
      {(status === "too-large" || status === "refused") && (
        <Alert color="red" p="xs" mb={4}>
          {status === "too-large" ? t("editor.tooLarge") : t("editor.refused")}
        </Alert>
      )}
      <Box className="rationale-box" data-readonly={!writable || undefined}>
        <EditorContent editor={editor} />
      </Box>
    </Box>
  );
}
