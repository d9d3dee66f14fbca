#!/usr/bin/env python3
"""Offline checks of deploy/k8s/*.yaml and deploy/compose/docker-compose.yml (no cluster, no Docker
engine needed): every file parses; every Deployment/StatefulSet container has readiness and liveness
probes; every HorizontalPodAutoscaler, Service selector and PodDisruptionBudget points at a workload
that exists; every Secret key a manifest reads is declared; the services run with quorum queues;
every service and the gateway send telemetry to the OpenTelemetry collector, whose configuration is
the same in compose and Kubernetes and exports to the Aspire dashboard.
Usage: python3 deploy/check-manifests.py   (exit status 1 with the problems listed)"""
import glob
import os
import sys

import yaml

root = os.path.dirname(os.path.abspath(__file__))
problems = []
docs = []
for path in sorted(glob.glob(os.path.join(root, "k8s", "*.yaml"))):
    with open(path, encoding="utf-8") as f:
        for doc in yaml.safe_load_all(f):
            if doc:
                docs.append((os.path.basename(path), doc))

by_kind = {}
for name, doc in docs:
    for key in ("apiVersion", "kind", "metadata"):
        if key not in doc:
            problems.append(f"{name}: a document without {key}")
    by_kind.setdefault(doc.get("kind"), []).append(doc)

secrets = {(d["metadata"]["name"], k) for d in by_kind.get("Secret", []) for k in d.get("stringData", {})}
workloads = {d["metadata"]["name"]: d for k in ("Deployment", "StatefulSet") for d in by_kind.get(k, [])}
labels = [d["spec"]["template"]["metadata"]["labels"] for d in workloads.values()]

def matches(selector):
    return any(all(l.get(k) == v for k, v in selector.items()) for l in labels)

for wname, w in workloads.items():
    spec = w["spec"]["template"]["spec"]
    if not spec.get("containers"):
        problems.append(f"{wname}: no containers")
    if not matches(w["spec"]["selector"]["matchLabels"]):
        problems.append(f"{wname}: its selector does not match its pod labels")
    for c in spec["containers"]:
        for probe in ("readinessProbe", "livenessProbe"):
            if probe not in c:
                problems.append(f"{wname}/{c['name']}: no {probe}")
        for e in c.get("env", []):
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref and (ref["name"], ref["key"]) not in secrets:
                problems.append(f"{wname}/{c['name']}: reads secret {ref['name']}/{ref['key']}, which no manifest declares")
    for v in spec.get("volumes", []):
        if "secret" in v:
            for item in v["secret"].get("items", []):
                if (v["secret"]["secretName"], item["key"]) not in secrets:
                    problems.append(f"{wname}: mounts secret {v['secret']['secretName']}/{item['key']}, undeclared")
    if w["kind"] == "Deployment" and w["metadata"]["name"] not in ("gateway", "otel-collector", "aspire-dashboard"):
        env = {e["name"]: e.get("value") for e in spec["containers"][0].get("env", [])}
        if env.get("Messaging__QuorumQueues") != "true":
            problems.append(f"{wname}: Messaging__QuorumQueues is not true")

for hpa in by_kind.get("HorizontalPodAutoscaler", []):
    target = hpa["spec"]["scaleTargetRef"]["name"]
    if target not in workloads or workloads[target]["kind"] != hpa["spec"]["scaleTargetRef"]["kind"]:
        problems.append(f"HPA {hpa['metadata']['name']}: no {hpa['spec']['scaleTargetRef']['kind']} {target}")
for svc in by_kind.get("Service", []):
    if not matches(svc["spec"]["selector"]):
        problems.append(f"Service {svc['metadata']['name']}: its selector matches no workload")
for pdb in by_kind.get("PodDisruptionBudget", []):
    if not matches(pdb["spec"]["selector"]["matchLabels"]):
        problems.append(f"PodDisruptionBudget {pdb['metadata']['name']}: matches no workload")
services = {s["metadata"]["name"] for s in by_kind.get("Service", [])}
for ing in by_kind.get("Ingress", []):
    for rule in ing["spec"]["rules"]:
        for p in rule["http"]["paths"]:
            if p["backend"]["service"]["name"] not in services:
                problems.append(f"Ingress {ing['metadata']['name']}: no Service {p['backend']['service']['name']}")

with open(os.path.join(root, "compose", "docker-compose.yml"), encoding="utf-8") as f:
    compose = yaml.safe_load(f)
names = set(compose["services"])
for name, svc in compose["services"].items():
    for dep in svc.get("depends_on", {}):
        if dep not in names:
            problems.append(f"compose {name}: depends on unknown {dep}")
    env = svc.get("environment", {})
    if name.split("-")[0] in ("identity", "listing", "matching", "contract", "monitoring") and env.get("Messaging__QuorumQueues") != "true":
        problems.append(f"compose {name}: Messaging__QuorumQueues is not true")
gateway_env = compose["services"]["gateway"]["environment"]
for key, value in gateway_env.items():
    if key.endswith("__Address"):
        host = value.split("//")[1].split(":")[0]
        if host not in names:
            problems.append(f"compose gateway: destination {value} is not a compose service")

# Telemetry: every service and the gateway send OTLP to the collector, whose configuration is the
# same file in compose and Kubernetes and whose pipelines use only what it defines.
def check_collector(where, config):
    for pipeline, p in config["service"]["pipelines"].items():
        for part in ("receivers", "processors", "exporters"):
            for item in p.get(part, []):
                if item not in config.get(part, {}):
                    problems.append(f"{where}: pipeline {pipeline} uses {part[:-1]} {item}, which is not defined")
    for ext in config["service"].get("extensions", []):
        if ext not in config.get("extensions", {}):
            problems.append(f"{where}: extension {ext} is not defined")
    return config["exporters"]["otlp/dashboard"]["endpoint"].split(":")[0]

with open(os.path.join(root, "compose", "otel-collector.yaml"), encoding="utf-8") as f:
    collector = yaml.safe_load(f)
if check_collector("compose otel-collector.yaml", collector) not in names:
    problems.append("compose otel-collector.yaml: the dashboard it exports to is not a compose service")
for name, svc in compose["services"].items():
    if name.split("-")[0] in ("identity", "listing", "matching", "contract", "monitoring", "gateway"):
        endpoint = svc.get("environment", {}).get("OTEL_EXPORTER_OTLP_ENDPOINT", "")
        if endpoint.split("//")[-1].split(":")[0] not in names:
            problems.append(f"compose {name}: OTEL_EXPORTER_OTLP_ENDPOINT '{endpoint}' is not a compose service")
for volume in compose["services"].get("otel-collector", {}).get("volumes", []):
    if not os.path.exists(os.path.join(root, "compose", volume.split(":")[0])):
        problems.append(f"compose otel-collector: mounts {volume.split(':')[0]}, which does not exist")

config_maps = {d["metadata"]["name"]: d for d in by_kind.get("ConfigMap", [])}
k8s_collector = config_maps.get("otel-collector", {}).get("data", {}).get("config.yaml")
if k8s_collector is None or yaml.safe_load(k8s_collector) != collector:
    problems.append("k8s ConfigMap otel-collector: config.yaml differs from deploy/compose/otel-collector.yaml")
elif check_collector("k8s otel-collector", yaml.safe_load(k8s_collector)) not in services:
    problems.append("k8s otel-collector: the dashboard it exports to is not a Service")
telemetry = config_maps.get("ipx-telemetry", {}).get("data", {})
if telemetry.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").split("//")[-1].split(":")[0] not in services:
    problems.append("k8s ConfigMap ipx-telemetry: OTEL_EXPORTER_OTLP_ENDPOINT is not a Service")
for wname, w in workloads.items():
    spec = w["spec"]["template"]["spec"]
    for v in spec.get("volumes", []):
        if "configMap" in v and v["configMap"]["name"] not in config_maps:
            problems.append(f"{wname}: mounts ConfigMap {v['configMap']['name']}, which no manifest declares")
    if w["kind"] == "Deployment" and w["metadata"].get("labels", {}).get("app.kubernetes.io/name") in ("identity", "listing", "matching", "contract", "monitoring", "gateway"):
        for c in spec["containers"]:
            if {"configMapRef": {"name": "ipx-telemetry"}} not in c.get("envFrom", []):
                problems.append(f"{wname}/{c['name']}: does not take the telemetry settings (envFrom ipx-telemetry)")

print(f"{len(docs)} Kubernetes documents ({', '.join(f'{len(v)} {k}' for k, v in sorted(by_kind.items()))}), "
      f"{len(names)} compose services")
for p in problems:
    print("problem:", p)
sys.exit(1 if problems else 0)
