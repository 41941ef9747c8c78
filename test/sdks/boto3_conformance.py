"""The shared chat scenario through boto3 (Debian's python3-boto3): discovery, StartChatContact with every field,
participant connection, messages, events, transcript paging, contact description, attributes, resource creation and
update, tagging, persistent chat and modelled errors (client-side validation off, so the server's answers show).

Reads SWITCHBOARD_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and INSTANCE_ID from the environment and prints one
JSON object with what it saw; an unexpected AWS error fails the script with a traceback.
"""
import json
import os

import boto3
from botocore.config import Config

endpoint = os.environ["SWITCHBOARD_URL"]
instance = os.environ["INSTANCE_ID"]
session = boto3.session.Session(region_name="us-east-1")
unchecked = Config(parameter_validation=False, retries={"max_attempts": 1})
connect = session.client("connect", endpoint_url=endpoint, config=unchecked)
participant = session.client("connectparticipant", endpoint_url=endpoint, config=unchecked)
seen = {}


def error_code(call, **kwargs):
    try:
        call(**kwargs)
        return None
    except connect.exceptions.ClientError as err:
        return [err.response["Error"]["Code"], err.response["ResponseMetadata"]["HTTPStatusCode"]]


# Discovery: the instance and its inbound flow, as an integration finds them.
instances = connect.list_instances()["InstanceSummaryList"]
seen["instanceFound"] = any(i["Id"] == instance for i in instances)
flows = connect.list_contact_flows(InstanceId=instance, ContactFlowTypes=["CONTACT_FLOW"])["ContactFlowSummaryList"]
flow_id = next(f["Id"] for f in flows if f["Name"] == "Default inbound flow" or "inbound" in f["Name"].lower())

# StartChatContact with every field this boto3's model has (Debian 12's botocore 1.29 predates PersistentChat,
# SegmentAttributes, CustomerId, DisconnectOnCustomerExit and ParticipantConfiguration; a newer one sends them all).
model_fields = set(connect.meta.service_model.operation_model("StartChatContact").input_shape.members)
request = dict(
    InstanceId=instance, ContactFlowId=flow_id, Attributes={"channel": "python", "tier": "gold"},
    ParticipantDetails={"DisplayName": "Boto Customer"},
    InitialMessage={"ContentType": "text/plain", "Content": "first words"},
    ClientToken="boto-conformance-1", ChatDurationInMinutes=120,
    SupportedMessagingContentTypes=["text/plain", "text/markdown"],
)
newer = dict(
    SegmentAttributes={"priority_note": {"ValueString": "vip"}}, CustomerId="customer-42",
    DisconnectOnCustomerExit=["AGENT"], ParticipantConfiguration={"ResponseMode": "COMPLETE"},
)
request.update({k: v for k, v in newer.items() if k in model_fields})
seen["fieldsSent"] = sorted(request)
seen["modelHasPersistentChat"] = "PersistentChat" in model_fields
started = connect.start_chat_contact(**request)
again = connect.start_chat_contact(**request)
contact_id = started["ContactId"]
seen["replayedSameContact"] = again["ContactId"] == contact_id
described = connect.describe_contact(InstanceId=instance, ContactId=contact_id)["Contact"]
seen["described"] = {k: described.get(k) for k in ["Channel", "InitiationMethod", "CustomerId"] if k in described}
seen["segmentAttributes"] = described.get("SegmentAttributes")

# Participant connection, messages (markdown too), a typing event, transcript paging.
conn = participant.create_participant_connection(ParticipantToken=started["ParticipantToken"], Type=["WEBSOCKET", "CONNECTION_CREDENTIALS"], ConnectParticipant=True)
token = conn["ConnectionCredentials"]["ConnectionToken"]
seen["websocket"] = conn["Websocket"]["Url"]
for text in ["one", "two", "**three**"]:
    participant.send_message(ConnectionToken=token, ContentType="text/markdown" if text.startswith("**") else "text/plain", Content=text)
participant.send_event(ConnectionToken=token, ContentType="application/vnd.amazonaws.connect.event.typing")
pages, contents, next_token = 0, [], None
while True:
    kwargs = {"ConnectionToken": token, "MaxResults": 2, "SortOrder": "ASCENDING", "ScanDirection": "FORWARD", "StartPosition": {"MostRecent": 50}}
    if next_token:
        kwargs = {"ConnectionToken": token, "MaxResults": 2, "SortOrder": "ASCENDING", "NextToken": next_token}
    page = participant.get_transcript(**kwargs)
    pages += 1
    contents += [i.get("Content") for i in page["Transcript"] if i["Type"] == "MESSAGE" and i.get("ParticipantRole") == "CUSTOMER"]
    next_token = page.get("NextToken")
    if not next_token or pages > 20:
        break
seen["pages"] = pages
seen["customerMessages"] = contents

# Contact description and attributes.
connect.update_contact(InstanceId=instance, ContactId=contact_id, Name="Python case", Description="from boto3",
                       References={"ticket": {"Type": "URL", "Value": "https://tickets.example.com/42"}})
connect.update_contact_attributes(InstanceId=instance, InitialContactId=contact_id, Attributes={"step": "2"})
seen["attributes"] = connect.get_contact_attributes(InstanceId=instance, InitialContactId=contact_id)["Attributes"]
after = connect.describe_contact(InstanceId=instance, ContactId=contact_id)["Contact"]
seen["name"] = [after.get("Name"), after.get("Description")]
refs = connect.list_contact_references(InstanceId=instance, ContactId=contact_id, ReferenceTypes=["URL"])
seen["references"] = refs["ReferenceSummaryList"]

# Resources: create, update, tag.
hours = connect.list_hours_of_operations(InstanceId=instance)["HoursOfOperationSummaryList"][0]["Id"]
queue = connect.create_queue(InstanceId=instance, Name="Python queue", HoursOfOperationId=hours, Tags={"team": "py"})
connect.update_queue_name(InstanceId=instance, QueueId=queue["QueueId"], Name="Python queue renamed")
connect.update_queue_max_contacts(InstanceId=instance, QueueId=queue["QueueId"], MaxContacts=7)
connect.tag_resource(resourceArn=queue["QueueArn"], tags={"cost": "42"})
connect.untag_resource(resourceArn=queue["QueueArn"], tagKeys=["team"])
seen["queue"] = connect.describe_queue(InstanceId=instance, QueueId=queue["QueueId"])["Queue"]["Name"]
seen["queueMax"] = connect.describe_queue(InstanceId=instance, QueueId=queue["QueueId"])["Queue"]["MaxContacts"]
seen["tags"] = connect.list_tags_for_resource(resourceArn=queue["QueueArn"])["tags"]

# End, then continue it as a persistent chat whose past the transcript pages into (when this boto3 can ask).
participant.disconnect_participant(ConnectionToken=token)
if seen["modelHasPersistentChat"]:
    persistent = connect.start_chat_contact(
        InstanceId=instance, ContactFlowId=flow_id, ParticipantDetails={"DisplayName": "Boto Customer"},
        PersistentChat={"RehydrationType": "ENTIRE_PAST_SESSION", "SourceContactId": contact_id},
    )
    seen["continuedFrom"] = persistent.get("ContinuedFromContactId")
    conn2 = participant.create_participant_connection(ParticipantToken=persistent["ParticipantToken"], Type=["CONNECTION_CREDENTIALS"])
    token2 = conn2["ConnectionCredentials"]["ConnectionToken"]
    past, next_token = [], None
    for _ in range(30):
        kwargs = {"ConnectionToken": token2, "MaxResults": 100}
        if next_token:
            kwargs["NextToken"] = next_token
        page = participant.get_transcript(**kwargs)
        past += [i.get("Content") for i in page["Transcript"] if i["Type"] == "MESSAGE" and i.get("ParticipantRole") == "CUSTOMER"]
        next_token = page.get("NextToken")
        if not next_token:
            break
    seen["pastMessages"] = past

# Modelled errors, as the server answers them.
seen["errors"] = {
    "notFound": error_code(connect.describe_contact, InstanceId=instance, ContactId="no-such-contact"),
    "noPlainText": error_code(connect.start_chat_contact, InstanceId=instance, ContactFlowId=flow_id, ParticipantDetails={"DisplayName": "x"},
                              SupportedMessagingContentTypes=["text/markdown"]),
    "missingRequired": error_code(connect.start_chat_contact, InstanceId=instance, ContactFlowId=flow_id),
    "deadToken": error_code(participant.send_message, ConnectionToken=token, ContentType="text/plain", Content="late"),
    "duplicateQueue": error_code(connect.create_queue, InstanceId=instance, Name="Python queue renamed", HoursOfOperationId=hours),
}
print(json.dumps(seen))
