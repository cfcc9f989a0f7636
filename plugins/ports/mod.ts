import { definePlugin } from "../../src/core/plugin.ts";
import { propertyLifecycle } from "../../src/core/property-lifecycle.ts";
import { portsAdd, portsClear, portsList, portsRemove, portsReport, portsSet } from "./commands.ts";
import { PORTS } from "./schema.ts";
import { onPortsClear, onPortsConfigure, onPortsGet, onPortsGetProperty, onPortsSetDetected } from "./triggers.ts";

export const plugin = definePlugin({
  name: "ports",
  description: "Manage port mappings for an app",
  commands: [portsAdd, portsClear, portsList, portsRemove, portsReport, portsSet],
  triggers: {
    ...propertyLifecycle(PORTS),
    "ports-clear": onPortsClear,
    "ports-configure": onPortsConfigure,
    "ports-get": onPortsGet,
    "ports-get-property": onPortsGetProperty,
    "ports-set-detected": onPortsSetDetected,
  },
});
