// The JSON documents kept for each instance resource, shaped like Connect's own API descriptions so that
// Describe*/List* answer them nearly as stored.

export interface HoursConfig {
  Day: 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';
  StartTime: { Hours: number; Minutes: number };
  EndTime: { Hours: number; Minutes: number };
}

export interface HoursOfOperationData {
  Description?: string;
  TimeZone: string;
  Config: HoursConfig[];
  Tags?: Record<string, string>;
}

export interface QueueData {
  Description?: string;
  HoursOfOperationId: string;
  MaxContacts?: number;
  Status: 'ENABLED' | 'DISABLED';
  QueueType: 'STANDARD' | 'AGENT';
  QuickConnectIds?: string[];
  OutboundCallerConfig?: unknown;
  Tags?: Record<string, string>;
}

export interface RoutingProfileQueueConfig {
  QueueReference: { QueueId: string; Channel: string };
  Priority: number;
  Delay: number;
}

export interface RoutingProfileData {
  Description?: string;
  DefaultOutboundQueueId: string;
  MediaConcurrencies: { Channel: string; Concurrency: number; CrossChannelBehavior?: unknown }[];
  QueueConfigs: RoutingProfileQueueConfig[];
  Tags?: Record<string, string>;
}

export interface UserData {
  Username: string;
  /** scrypt$<salt>$<hash> for CONNECT_MANAGED users; never returned by the API. */
  PasswordHash?: string;
  RoutingProfileId: string;
  SecurityProfileIds: string[];
  IdentityInfo?: { FirstName?: string; LastName?: string; Email?: string };
  PhoneConfig?: unknown;
  HierarchyGroupId?: string;
  Tags?: Record<string, string>;
}

export interface QuickConnectData {
  Description?: string;
  QuickConnectConfig: {
    QuickConnectType: 'USER' | 'QUEUE' | 'PHONE_NUMBER';
    UserConfig?: { UserId: string; ContactFlowId: string };
    QueueConfig?: { QueueId: string; ContactFlowId: string };
    PhoneConfig?: { PhoneNumber: string };
  };
  Tags?: Record<string, string>;
}

export interface AgentStatusData {
  Description?: string;
  Type: 'ROUTABLE' | 'CUSTOM' | 'OFFLINE';
  DisplayOrder?: number;
  State: 'ENABLED' | 'DISABLED';
}
