"""A whole chat through boto3 (Debian's python3-boto3), as a Python integration would run it against Switchboard.

Reads SWITCHBOARD_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, INSTANCE_ID and FLOW_ID from the environment and
prints one JSON line with what it saw; any AWS error fails the script with a traceback.
"""
import json
import os

import boto3

endpoint = os.environ["SWITCHBOARD_URL"]
session = boto3.session.Session(region_name="us-east-1")
connect = session.client("connect", endpoint_url=endpoint)
participant = session.client("connectparticipant", endpoint_url=endpoint)

started = connect.start_chat_contact(
    InstanceId=os.environ["INSTANCE_ID"],
    ContactFlowId=os.environ["FLOW_ID"],
    ParticipantDetails={"DisplayName": "Boto Customer"},
    Attributes={"channel": "python"},
)
described = connect.describe_contact(InstanceId=os.environ["INSTANCE_ID"], ContactId=started["ContactId"])
conn = participant.create_participant_connection(
    ParticipantToken=started["ParticipantToken"], Type=["WEBSOCKET", "CONNECTION_CREDENTIALS"]
)
token = conn["ConnectionCredentials"]["ConnectionToken"]
sent = participant.send_message(ConnectionToken=token, ContentType="text/plain", Content="hello from boto3")
transcript = participant.get_transcript(ConnectionToken=token, SortOrder="ASCENDING", MaxResults=100)
participant.disconnect_participant(ConnectionToken=token)

try:
    connect.describe_contact(InstanceId=os.environ["INSTANCE_ID"], ContactId="no-such-contact")
    not_found = None
except connect.exceptions.ResourceNotFoundException as err:
    not_found = err.response["Error"]["Code"]

print(json.dumps({
    "contactId": started["ContactId"],
    "channel": described["Contact"]["Channel"],
    "messageId": sent["Id"],
    "contents": [item.get("Content") for item in transcript["Transcript"] if item["Type"] == "MESSAGE"],
    "websocket": conn["Websocket"]["Url"],
    "notFound": not_found,
}))
