"""Resource kinds, in dependency order. (Filled by the resources module owner.)"""
