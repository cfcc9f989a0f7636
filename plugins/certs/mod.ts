import { readFile } from "node:fs/promises";
import type { Ctx } from "../../src/core/context.ts";
import { definePlugin, type TriggerHandler } from "../../src/core/plugin.ts";
import { defineReportCommand } from "../../src/core/report-command.ts";
import { certsAdd, certsGenerate, certsRemove, certsShow, certsUpdate } from "./commands.ts";
import { describe, parseCert } from "./pem.ts";
import { hasCert, tlsDir, tlsFile } from "./store.ts";

const onCertsExists: TriggerHandler<"certs-exists"> = async (ctx, [app]) => `${await hasCert(ctx, app)}\n`;

async function reportValues(ctx: Ctx, app: string): Promise<Record<string, string>> {
  const values: Record<string, string> = {
    "--ssl-dir": tlsDir(ctx, app),
    "--ssl-enabled": "false",
    "--ssl-hostnames": "",
    "--ssl-expires-at": "",
    "--ssl-starts-at": "",
    "--ssl-issuer": "",
    "--ssl-subject": "",
    "--ssl-verified": "",
  };
  if (!(await hasCert(ctx, app))) return values;
  const info = describe(parseCert(await readFile(tlsFile(ctx, app, "server.crt"))));
  const verified = await ctx.exec(["openssl", "verify", "-purpose", "sslserver", tlsFile(ctx, app, "server.crt")], { check: false });
  return {
    ...values,
    "--ssl-enabled": "true",
    "--ssl-hostnames": info.hostnames.join(" "),
    "--ssl-expires-at": info.expiresAt,
    "--ssl-starts-at": info.startsAt,
    "--ssl-issuer": info.issuer,
    "--ssl-subject": info.subject,
    "--ssl-verified": verified.code === 0 ? "verified by a certificate authority" : info.selfSigned ? "self signed" : "unverified",
  };
}

const certsReport = defineReportCommand({ plugin: "certs", type: "ssl", values: reportValues });

export const plugin = definePlugin({
  name: "certs",
  description: "Manage SSL (TLS) certificates of an app",
  commands: [certsAdd, certsGenerate, certsRemove, certsReport, certsShow, certsUpdate],
  triggers: { "certs-exists": onCertsExists },
});
